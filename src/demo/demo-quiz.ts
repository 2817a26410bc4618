import type { INestApplicationContext } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import type { CreateQuizDto } from '../quiz/dto/quiz.dto.js';
import { QuizService } from '../quiz/quiz.service.js';

const option = (id: string, en: string, zh: string, es: string) => ({ id, label: { en, zh, es } });

/** A short quiz about the summit, a draft: the console's "next" runs it (speed and streak on). */
export const DEMO_QUIZ: CreateQuizDto = {
  id: 'summit-quiz',
  title: { en: 'How well do you know the summit?', zh: '你有多了解本次峰会？', es: '¿Cuánto sabes de la cumbre?' },
  scoring: { basePoints: 1000, speed: true, streak: true },
  questions: [
    {
      id: 'koc',
      text: { en: 'What does KOC stand for?', zh: 'KOC 是什么的缩写？', es: '¿Qué significa KOC?' },
      options: [
        option('consumer', 'Key opinion consumer', '关键意见消费者', 'Consumidor clave de opinión'),
        option('officer', 'Key operations center', '关键运营中心', 'Centro clave de operaciones'),
        option('club', 'Keynote owners club', '主题演讲车主俱乐部', 'Club de propietarios'),
      ],
      timeLimitMs: 20_000,
      correct: ['consumer'],
    },
    {
      id: 'stars',
      text: {
        en: 'How many stars is the best crash-test rating?',
        zh: '碰撞测试的最高评级是几颗星？',
        es: '¿Cuántas estrellas tiene la mejor nota de choque?',
      },
      options: [option('s3', '3', '3', '3'), option('s5', '5', '5', '5'), option('s10', '10', '10', '10')],
      timeLimitMs: 15_000,
      correct: ['s5'],
    },
    {
      id: 'countries',
      text: {
        en: 'About how many countries are in the hall today?',
        zh: '今天会场里大约有多少个国家的来宾？',
        es: '¿De cuántos países hay gente en la sala hoy?',
      },
      options: [option('c10', '10', '10', '10'), option('c40', '40', '40', '40'), option('c100', '100', '100', '100')],
      timeLimitMs: 15_000,
      correct: ['c100'],
    },
    {
      id: 'bidirectional',
      text: {
        en: 'Bidirectional charging lets a car…',
        zh: '双向充电可以让汽车……',
        es: 'La carga bidireccional permite a un coche…',
      },
      options: [
        option('power', 'Power a home', '为家庭供电', 'Abastecer una casa'),
        option('faster', 'Charge twice as fast', '充电速度翻倍', 'Cargar el doble de rápido'),
        option('both', 'Drive in both directions', '双向行驶', 'Circular en ambos sentidos'),
      ],
      timeLimitMs: 20_000,
      correct: ['power'],
    },
    {
      id: 'motto',
      text: {
        en: 'The summit’s motto is to co-create and…',
        zh: '本次峰会的主题是共创与……',
        es: 'El lema de la cumbre es co-crear y…',
      },
      options: [
        option('define', 'Co-define', '共定义', 'Co-definir'),
        option('drive', 'Co-drive', '共驾驶', 'Co-conducir'),
        option('share', 'Co-share', '共分享', 'Co-compartir'),
      ],
      timeLimitMs: 15_000,
      correct: ['define'],
    },
  ],
};

export async function seedQuiz(app: INestApplicationContext, operator: Identity): Promise<void> {
  await app.get(QuizService).create(operator, DEMO_QUIZ);
}
