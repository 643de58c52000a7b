import type { Action } from '@vigil/domain';
import type { ReactNode } from 'react';
import type { RouteParams } from './match-route';

/** One page of the app, at a path pattern such as `/share/collections/:id`. */
export interface AppRoute {
  readonly pattern: string;
  /** The action the user must be allowed to attempt to open the page (ignored for public pages). */
  readonly permission: Action;
  readonly render: (params: RouteParams) => ReactNode;
}

/** What `pages/<capability>/routes.tsx` exports; literal paths before parameterised ones. */
export interface CapabilityRoutes {
  readonly routes?: readonly AppRoute[];
  /** Pages anyone may open without logging in (for example a public report form). */
  readonly publicRoutes?: readonly AppRoute[];
}

/** A route parameter, or '' when absent. */
export function param(params: RouteParams, name: string): string {
  return params[name] ?? '';
}
