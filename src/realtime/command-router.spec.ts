import { jest } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { MetadataScanner, Reflector, type DiscoveryService } from '@nestjs/core';
import { IsString, Length } from 'class-validator';
import type { Identity } from '../auth/identity.js';
import { Roles } from '../auth/roles.js';
import { AppError, ok, type Ack } from '../common/errors.js';
import { loadConfig } from '../config/app-config.js';
import { CommandLimits, KICK_AFTER } from '../limits/command-limits.js';
import { FigureRecorder } from '../ops/figure-recorder.js';
import { MemoryFigureStore } from '../ops/store/memory-figure.store.js';
import { Metrics } from '../ops/metrics.js';
import { Command } from './command.js';
import { CommandRouter } from './command-router.js';
import { InFlight } from './in-flight.js';
import { Presence } from './presence.js';
import type { AppSocket } from './protocol.js';

class EchoDto {
  @IsString()
  @Length(1, 8)
  text!: string;
}

@Injectable()
class TestGateway {
  calls: { identity: Identity; dto: unknown }[] = [];

  @Roles('audience')
  @Command('test:echo')
  echo(identity: Identity, dto: EchoDto): Ack<{ text: string; instance: boolean }> {
    this.calls.push({ identity, dto });
    return ok({ text: dto.text, instance: dto instanceof EchoDto });
  }

  @Roles('audience')
  @Command('test:vote', { figure: 'votes' })
  vote(_identity: Identity, dto: EchoDto): Ack<null> {
    if (dto.text === 'no') throw new AppError('CONFLICT', 'No');
    return ok(null);
  }

  @Command('test:look', { active: false })
  look(): Ack<null> {
    return ok(null);
  }

  @Roles('operator')
  @Command('test:staff')
  async staff(identity: Identity): Promise<Ack<string>> {
    return ok(await Promise.resolve(identity.role));
  }

  @Command('test:fail')
  fail(): Ack<never> {
    throw new AppError('CONFLICT', 'Not now');
  }

  @Command('test:crash')
  async crash(): Promise<Ack<never>> {
    return Promise.reject(new Error('a bug'));
  }
}

const audience: Identity = {
  eventId: 'ev1',
  id: 'a1',
  role: 'audience',
  name: 'Ana',
  country: 'DE',
  koc: false,
  locale: 'en',
};
const operator: Identity = {
  eventId: 'ev1',
  id: 'op',
  role: 'operator',
  name: 'Op',
  country: null,
  koc: false,
  locale: 'en',
};

function setup(): {
  router: CommandRouter;
  gateway: TestGateway;
  inFlight: InFlight;
  metrics: Metrics;
  figures: MemoryFigureStore;
  recorder: FigureRecorder;
} {
  const gateway = new TestGateway();
  const discovery = { getProviders: () => [{ instance: gateway }, { instance: null }] } as unknown as DiscoveryService;
  const config = loadConfig({ COMMAND_BURST: '200', COMMAND_RATE: '1' });
  const inFlight = new InFlight();
  const metrics = new Metrics(config, null);
  const figures = new MemoryFigureStore();
  const recorder = new FigureRecorder(config, new Presence(), figures);
  const router = new CommandRouter(
    discovery,
    new MetadataScanner(),
    new Reflector(),
    inFlight,
    new CommandLimits(config),
    metrics,
    recorder,
  );
  router.onApplicationBootstrap();
  return { router, gateway, inFlight, metrics, figures, recorder };
}

/** A socket as Socket.IO gives it to an onAny listener: `this`, with its identity. */
function socketOf(identity: Identity | undefined): AppSocket & { disconnected: boolean } {
  const socket = {
    data: identity ? { identity } : {},
    disconnected: false,
    disconnect() {
      socket.disconnected = true;
    },
  };
  return socket as unknown as AppSocket & { disconnected: boolean };
}

/** Sends one packet as Socket.IO would (name, payload, ack) and waits for its answer. */
async function send(
  router: CommandRouter,
  socket: AppSocket,
  name: string,
  ...payload: unknown[]
): Promise<Ack<unknown>> {
  return new Promise((resolve) => router.listener.call(socket, name, ...payload, resolve));
}

const codeOf = (ack: Ack<unknown>): string => (ack.ok ? 'ok' : ack.error.code);

describe('CommandRouter', () => {
  it('routes a command to its @Command method with the identity and a validated DTO instance', async () => {
    const { router, gateway } = setup();
    const ack = await send(router, socketOf(audience), 'test:echo', { text: 'hi' });
    expect(ack).toEqual({ ok: true, data: { text: 'hi', instance: true } });
    expect(gateway.calls).toEqual([{ identity: audience, dto: { text: 'hi' } }]);
  });

  it('refuses with the exact codes, before the handler runs', async () => {
    const { router, gateway } = setup();
    const socket = socketOf(audience);
    expect(codeOf(await send(router, socket, 'no:such', {}))).toBe('NOT_FOUND');
    expect(await send(router, socket, 'test:staff', {})).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'This is not allowed for the audience role' },
    });
    const invalid = await send(router, socket, 'test:echo', { text: 'far too long', extra: 1 });
    expect(codeOf(invalid)).toBe('VALIDATION_FAILED');
    expect(codeOf(await send(router, socket, 'test:echo'))).toBe('VALIDATION_FAILED');
    expect(codeOf(await send(router, socket, 'test:echo', { text: 'a' }, { text: 'b' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(await send(router, socketOf(undefined), 'test:echo', { text: 'a' }))).toBe('UNAUTHORIZED');
    expect(gateway.calls).toEqual([]);
    expect(await send(router, socketOf(operator), 'test:staff')).toEqual({ ok: true, data: 'operator' });
  });

  it('answers a thrown AppError with its code and anything else INTERNAL, and keeps serving', async () => {
    const { router } = setup();
    const socket = socketOf(operator);
    expect(await send(router, socket, 'test:fail', {})).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'Not now' },
    });
    expect(await send(router, socket, 'test:crash', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Internal error' },
    });
    expect(codeOf(await send(router, socket, 'test:staff'))).toBe('ok');
  });

  it('counts a command in flight until its answer, and refuses UNAVAILABLE while shutting down', async () => {
    const { router, inFlight } = setup();
    const socket = socketOf(operator);
    const answered = send(router, socket, 'test:staff');
    expect(inFlight.size).toBe(1);
    expect(codeOf(await answered)).toBe('ok');
    expect(inFlight.size).toBe(0);
    inFlight.refuse();
    expect(codeOf(await send(router, socket, 'test:staff'))).toBe('UNAVAILABLE');
    expect(inFlight.size).toBe(0);
  });

  it('runs a command sent without an ack, and counts every outcome by command', async () => {
    const { router, gateway, metrics } = setup();
    router.listener.call(socketOf(audience), 'test:echo', { text: 'quiet' });
    expect(gateway.calls.map((c) => c.dto)).toEqual([{ text: 'quiet' }]);
    await send(router, socketOf(audience), 'test:echo', { text: 'x' });
    await send(router, socketOf(audience), 'test:staff');
    const text = await metrics.text();
    expect(text).toMatch(/summit_commands_total\{[^}]*command="test:echo"[^}]*outcome="no_ack"[^}]*\} 1/);
    expect(text).toMatch(/summit_commands_total\{[^}]*command="test:echo"[^}]*outcome="ok"[^}]*\} 1/);
    expect(text).toMatch(/summit_commands_total\{[^}]*command="test:staff"[^}]*outcome="FORBIDDEN"[^}]*\} 1/);
  });

  it('limits an audience member, then disconnects a socket that keeps on after RATE_LIMITED', async () => {
    const { router } = setup();
    const socket = socketOf(audience);
    const codes = new Map<string, number>();
    for (let i = 0; i < 200 + KICK_AFTER; i++) {
      const code = codeOf(await send(router, socket, 'test:echo', { text: 'x' }));
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    await Promise.resolve();
    expect(Object.fromEntries(codes)).toEqual({ ok: 200, RATE_LIMITED: KICK_AFTER });
    expect(socket.disconnected).toBe(true);
  });

  it("counts a command's figure after an ok ack only, and audience members active once, not for passive commands", async () => {
    const { router, figures, recorder } = setup();
    const other: Identity = { ...audience, id: 'a2' };
    await send(router, socketOf(audience), 'test:vote', { text: 'x' });
    await send(router, socketOf(audience), 'test:vote', { text: 'x' });
    await send(router, socketOf(audience), 'test:vote', { text: 'no' });
    await send(router, socketOf(audience), 'test:vote', { text: 'far too long' });
    await send(router, socketOf(other), 'test:look');
    await send(router, socketOf(operator), 'test:vote', { text: 'x' });
    await recorder.flush();
    const [minute] = await figures.timeline('ev1');
    expect(minute).toMatchObject({ votes: 2, active: 1 });
  });

  it('counts a socket active once in its minute, and again once its event was reset', async () => {
    const { router, figures, recorder } = setup();
    const socket = socketOf(audience);
    await send(router, socket, 'test:vote', { text: 'x' });
    await send(router, socket, 'test:vote', { text: 'x' });
    await recorder.flush();
    expect(await figures.timeline('ev1')).toMatchObject([{ active: 1, votes: 2 }]);
    // A reset drops what this node counted of the event: the same socket counts again.
    recorder.forget('ev1', false);
    await figures.clear('ev1');
    await send(router, socket, 'test:vote', { text: 'x' });
    await recorder.flush();
    expect(await figures.timeline('ev1')).toMatchObject([{ active: 1, votes: 1 }]);
  });

  it('refuses UNAUTHORIZED and disconnects when an identity check says so, before the handler', async () => {
    const { router, gateway } = setup();
    router.refuseWhen((identity) => identity.id === 'a1');
    const socket = socketOf(audience);
    expect(await send(router, socket, 'test:echo', { text: 'hi' })).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'This token is no longer valid' },
    });
    expect(socket.disconnected).toBe(true);
    expect(gateway.calls).toEqual([]);
    expect(codeOf(await send(router, socketOf(operator), 'test:staff'))).toBe('ok');
  });

  it('refuses a second handler for one command at start', () => {
    @Injectable()
    class Twice {
      @Command('test:echo')
      again(): Ack<null> {
        return ok(null);
      }
    }
    const discovery = {
      getProviders: () => [{ instance: new TestGateway() }, { instance: new Twice() }],
    } as unknown as DiscoveryService;
    const config = loadConfig({});
    const router = new CommandRouter(
      discovery,
      new MetadataScanner(),
      new Reflector(),
      new InFlight(),
      new CommandLimits(config),
      new Metrics(config, null),
      new FigureRecorder(config, new Presence(), new MemoryFigureStore()),
    );
    expect(() => router.onApplicationBootstrap()).toThrow('Two handlers for the command test:echo');
    jest.restoreAllMocks();
  });
});
