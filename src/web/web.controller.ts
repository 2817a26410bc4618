import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { EVENT_ID } from '../common/ids.js';
import { AppError } from '../common/errors.js';
import { WEB_ROOT } from './web-root.js';

/** The web clients and the report: static pages; the token stays in the page (hash) or the browser. */
@ApiExcludeController() // web pages, not the API (OpenAPI: src/common/openapi.ts)
@Controller()
export class WebController {
  @Get()
  index(@Res() res: Response): void {
    this.page(res, 'index.html');
  }

  /** The audience app of one event (`?invite=CODE` marks a KOC). */
  @Get('e/:eventId')
  audience(@Param('eventId') eventId: string, @Res() res: Response): void {
    if (!EVENT_ID.test(eventId)) throw new AppError('NOT_FOUND', `No event ${eventId}`);
    this.page(res, 'audience.html');
  }

  /** The operator console: /operator#token=... */
  @Get('operator')
  operator(@Res() res: Response): void {
    this.page(res, 'operator.html');
  }

  /** The big screen: /screen#token=... */
  @Get('screen')
  screen(@Res() res: Response): void {
    this.page(res, 'screen.html');
  }

  /** The livestream overlay for video mixers: /overlay#token=...&scene=poll|question|board|quiz */
  @Get('overlay')
  overlay(@Res() res: Response): void {
    this.page(res, 'overlay.html');
  }

  /** The event's report, after the event: /report#token=... (an operator token). */
  @Get('report')
  report(@Res() res: Response): void {
    this.page(res, 'report.html');
  }

  private page(res: Response, file: string): void {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file, { root: WEB_ROOT }, (err) => {
      if (err && !res.headersSent) {
        res
          .status(404)
          .json({ ok: false, error: { code: 'NOT_FOUND', message: 'The web pages are not built: npm run build' } });
      }
    });
  }
}
