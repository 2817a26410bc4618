import type { INestApplicationContext } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { EventsService } from '../events/events.service.js';
import { PollsService } from '../polls/polls.service.js';
import type { CreatePollDto } from '../polls/dto/poll.dto.js';
import { CrashService } from '../crash/crash.service.js';
import { QaService } from '../qa/qa.service.js';
import { seedQuiz } from './demo-quiz.js';
import { AppError } from '../common/errors.js';

export const DEMO_EVENT = 'demo';
export const DEMO_INVITE = 'KOC-2026';

const POLLS: CreatePollDto[] = [
  {
    id: 'next-drive',
    kind: 'single',
    question: {
      en: 'Which drive do you want in your next car?',
      zh: '您的下一辆车想要哪种动力？',
      es: '¿Qué propulsión quieres en tu próximo coche?',
      pt: 'Que motorização você quer no seu próximo carro?',
      ar: 'ما نوع المحرك الذي تريده في سيارتك القادمة؟',
    },
    options: [
      { id: 'bev', label: { en: 'Battery electric', zh: '纯电动', es: 'Eléctrico', pt: 'Elétrico', ar: 'كهربائي' } },
      {
        id: 'phev',
        label: {
          en: 'Plug-in hybrid',
          zh: '插电混动',
          es: 'Híbrido enchufable',
          pt: 'Híbrido plug-in',
          ar: 'هجين قابل للشحن',
        },
      },
      { id: 'h2', label: { en: 'Hydrogen', zh: '氢燃料', es: 'Hidrógeno', pt: 'Hidrogênio', ar: 'هيدروجين' } },
      {
        id: 'ice',
        label: {
          en: 'Efficient petrol',
          zh: '高效燃油',
          es: 'Gasolina eficiente',
          pt: 'Gasolina eficiente',
          ar: 'بنزين موفر',
        },
      },
    ],
    results: 'live',
  },
  {
    id: 'must-haves',
    kind: 'multi',
    question: {
      en: 'Pick the two features that matter most',
      zh: '请选出您最看重的两项功能',
      es: 'Elige las dos funciones más importantes',
    },
    options: [
      { id: 'safety', label: { en: 'Safety assist', zh: '安全辅助', es: 'Asistencia de seguridad' } },
      { id: 'range', label: { en: 'Range', zh: '续航', es: 'Autonomía' } },
      { id: 'charging', label: { en: 'Charging speed', zh: '充电速度', es: 'Velocidad de carga' } },
      { id: 'connect', label: { en: 'Connectivity', zh: '智能互联', es: 'Conectividad' } },
      { id: 'price', label: { en: 'Price', zh: '价格', es: 'Precio' } },
    ],
    maxChoices: 2,
    results: 'live',
  },
  {
    id: 'feel-safe',
    kind: 'rating',
    question: { en: 'How safe do you feel in today’s cars?', zh: '您觉得如今的汽车有多安全？' },
    scale: { min: 1, max: 5 },
    results: 'on-reveal',
  },
  {
    id: 'one-word',
    kind: 'wordcloud',
    question: { en: 'One word for the car of 2030', zh: '用一个词形容2030年的汽车' },
    results: 'live',
  },
  {
    id: 'feature-order',
    kind: 'ranking',
    question: { en: 'Order these five features', zh: '请为这五项功能排序', es: 'Ordena estas cinco funciones' },
    options: [
      { id: 'safety', label: { en: 'Safety assist', zh: '安全辅助', es: 'Asistencia de seguridad' } },
      { id: 'range', label: { en: 'Range', zh: '续航', es: 'Autonomía' } },
      { id: 'charging', label: { en: 'Charging speed', zh: '充电速度', es: 'Velocidad de carga' } },
      { id: 'connect', label: { en: 'Connectivity', zh: '智能互联', es: 'Conectividad' } },
      { id: 'price', label: { en: 'Price', zh: '价格', es: 'Precio' } },
    ],
    results: 'live',
  },
  {
    id: 'safety-future',
    kind: 'text',
    question: {
      en: 'One word or sentence for the future of safety',
      zh: '用一个词或一句话描述安全的未来',
      es: 'Una palabra o frase para el futuro de la seguridad',
    },
    moderated: true,
    results: 'live',
  },
];

/** Forum questions: [name, country, koc, text, lang, then what the moderator did]. */
const QUESTIONS: [string, string, boolean, string, string, 'approve' | 'feature' | null][] = [
  ['Lucía', 'ES', true, 'Will the new platform support bidirectional charging for home use?', 'en', 'feature'],
  ['Wei', 'CN', true, '新车型的辅助驾驶系统会支持城市道路吗？', 'zh', 'approve'],
  ['Amara', 'NG', false, 'How do crash tests account for heavier battery packs?', 'en', 'approve'],
  ['João', 'BR', false, 'Can owners join the next KOC product workshop online?', 'en', null],
];

/** The crash challenge: vehicles of the group's brands, two results in, one prediction ready. */
const ENTRIES = [
  { id: 'aurora-ev', name: 'Aurora EV', brand: 'Nordwind', model: 'Long Range', country: 'SE' },
  { id: 'civita-h', name: 'Civita Hybrid', brand: 'Lumen', model: 'Touring', country: 'IT' },
  { id: 'kestrel-x', name: 'Kestrel X', brand: 'Apex', model: 'AWD', country: 'DE' },
  { id: 'sora-city', name: 'Sora City', brand: 'Hikari', country: 'JP' },
];

async function seedChallenge(app: INestApplicationContext, operator: Identity): Promise<void> {
  const crash = app.get(CrashService);
  for (const entry of ENTRIES) await crash.upsertEntry(operator, entry);
  await crash.result(operator, { id: 'r-aurora-front', entryId: 'aurora-ev', test: 'frontal', score: 91.5, stars: 5 });
  await crash.result(operator, { id: 'r-civita-front', entryId: 'civita-h', test: 'frontal', score: 84, stars: 4 });
  await app.get(PollsService).create(operator, {
    id: 'predict-kestrel-side',
    kind: 'single',
    question: { en: 'How many stars will the Kestrel X get in the side impact?', zh: 'Kestrel X 侧面碰撞能得几颗星？' },
    predicts: { entryId: 'kestrel-x', test: 'side' },
    results: 'live',
  });
}

async function seedForum(app: INestApplicationContext, operator: Identity): Promise<void> {
  const qa = app.get(QaService);
  for (const [i, [name, country, koc, text, lang, action]] of QUESTIONS.entries()) {
    const author: Identity = {
      role: 'audience',
      eventId: DEMO_EVENT,
      id: `a-demo-${i}`,
      name,
      country,
      locale: lang,
      koc,
    };
    const question = await qa.ask(author, { text, lang });
    if (action) await qa.moderate(operator, question.id, action);
  }
}

/** The demo event of embedded mode: a keynote with draft polls in several languages, a forum, a crash challenge, a quiz. */
export async function seedDemo(app: INestApplicationContext): Promise<{ operator: string; screen: string }> {
  const events = app.get(EventsService);
  try {
    await events.create({
      id: DEMO_EVENT,
      name: 'Global User Summit (demo)',
      moderation: true,
      inviteCodes: [DEMO_INVITE],
    });
    const operator: Identity = {
      role: 'operator',
      eventId: DEMO_EVENT,
      id: 'o-demo',
      name: 'Demo operator',
      country: null,
      locale: null,
      koc: false,
    };
    const polls = app.get(PollsService);
    for (const poll of POLLS) await polls.create(operator, poll);
    await seedForum(app, operator);
    await seedChallenge(app, operator);
    await seedQuiz(app, operator);
  } catch (err) {
    // Seeded before (a shared Redis): keep what is there.
    if (!(err instanceof AppError && err.code === 'CONFLICT')) throw err;
  }
  const [operator, screen] = await Promise.all([
    events.issueToken({ role: 'operator', eventId: DEMO_EVENT, name: 'Stage operator' }),
    events.issueToken({ role: 'screen', eventId: DEMO_EVENT, name: 'Hall screen' }),
  ]);
  return { operator: operator.token, screen: screen.token };
}
