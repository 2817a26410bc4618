import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics.js';

/** Counts and times every HTTP request by its route pattern (never the raw path: ids would be labels). */
export function httpMetrics(metrics: Metrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      // Express sets req.route once a route matched; static files and unknown paths have none.
      const route: unknown = (req.route as { path?: unknown } | undefined)?.path;
      metrics.http(
        req.method,
        typeof route === 'string' ? route : 'other',
        res.statusCode,
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
