import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { newId, TokenService } from '../auth/token.service.js';
import { AppError } from '../common/errors.js';
import { FigureRecorder } from '../ops/figure-recorder.js';
import type { CreateEventDto, IssueTokenDto, JoinEventDto } from './dto/event.dto.js';
import { EVENT_STORE, type EventStore } from './event.store.js';
import type { EventInfo, Me } from './event.types.js';

export interface JoinResult {
  token: string;
  audienceId: string;
  eventId: string;
  koc: boolean;
}

@Injectable()
export class EventsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly tokens: TokenService,
    // Optional: feature unit tests build this service without the figures.
    @Optional() private readonly figures?: FigureRecorder,
  ) {}

  async create(dto: CreateEventDto): Promise<EventInfo> {
    const event: EventInfo = {
      id: dto.id,
      name: dto.name,
      moderation: dto.moderation ?? true,
      inviteCodes: dto.inviteCodes ?? [],
      createdAt: Date.now(),
    };
    if (!(await this.store.create(event))) throw new AppError('CONFLICT', `Event ${dto.id} exists already`);
    return event;
  }

  async require(eventId: string): Promise<EventInfo> {
    const event = await this.store.get(eventId);
    if (!event) throw new AppError('NOT_FOUND', `No event ${eventId}`);
    return event;
  }

  /** An audience member's identity: the token is the person, on every node and every reconnect. */
  async join(eventId: string, dto: JoinEventDto): Promise<JoinResult> {
    const event = await this.require(eventId);
    // An unknown invite code still lets the person in, without the KOC badge (`koc` tells).
    const koc = dto.inviteCode !== undefined && event.inviteCodes.includes(dto.inviteCode);
    const identity: Identity = {
      role: 'audience',
      eventId,
      id: newId('a-'),
      name: dto.name ?? null,
      country: dto.country ?? null,
      locale: dto.locale ?? null,
      koc,
      ...(event.generation ? { generation: event.generation } : {}),
    };
    const { id, name, country } = identity;
    await this.store.addPerson(eventId, { id, name, country, koc, joinedAt: Date.now() });
    this.figures?.count(eventId, 'joins');
    return { token: this.tokens.sign(identity), audienceId: identity.id, eventId, koc };
  }

  people(eventId: string, ids: string[]): Promise<Record<string, Me>> {
    return this.store.people(eventId, ids);
  }

  async issueToken(dto: IssueTokenDto): Promise<{ token: string }> {
    await this.require(dto.eventId);
    const identity: Identity = {
      role: dto.role,
      eventId: dto.eventId,
      id: newId(dto.role === 'operator' ? 'o-' : 's-'),
      name: dto.name,
      country: null,
      locale: null,
      koc: false,
    };
    return { token: this.tokens.sign(identity) };
  }
}
