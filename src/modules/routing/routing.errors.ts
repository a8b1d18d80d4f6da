import { AppError, NotFound } from '@/common/errors.js';

export class RouteNotFound extends NotFound {
  constructor() {
    super('Route');
  }
}

/** 422 NO_ROUTE (DESIGN.md §3): no route applies to the message, or every target of its route is failing. */
export class NoRoute extends AppError {
  constructor(detail = 'No route can take this message') {
    super('NO_ROUTE', detail);
  }
}
