import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics.js';

/** Label of what no route answered (static files, unknown paths, bodies refused before the router). */
export const OTHER_ROUTE = 'other';

/** Counts and times one request once its answer is sent; `route` is read then (a pattern, never a raw path). */
export function countRequest(metrics: Metrics, method: string, res: ServerResponse, route: () => string): void {
  const started = performance.now();
  res.once('finish', () => {
    metrics.http(method, route(), res.statusCode, (performance.now() - started) / 1000);
  });
}

/** Counts and times every HTTP request by its route pattern (never the raw path: ids would be labels). */
export function httpMetrics(metrics: Metrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    countRequest(metrics, req.method, res, () => {
      // Express sets req.route once a route matched; static files and unknown paths have none.
      const route: unknown = (req.route as { path?: unknown } | undefined)?.path;
      return typeof route === 'string' ? route : OTHER_ROUTE;
    });
    next();
  };
}
