import type { RouteContract } from '@vigil/api';
import type { Hono } from 'hono';
import type { AppEnv, Services } from '../context';
import type { HandlerInput, HandlerOutput, RouteRegistry } from '../routing';
import { implement } from '../routing';

/** What a feature router gets to register its routes. */
export interface FeatureRouter {
  readonly services: Services;
  route<C extends RouteContract>(contract: C, handler: (input: HandlerInput<C>) => Promise<HandlerOutput<C>>): void;
}

/** A router bound to one app and registry. */
export function featureRouter(app: Hono<AppEnv>, registry: RouteRegistry, services: Services): FeatureRouter {
  return {
    services,
    route: (contract, handler) => implement(app, registry, services, contract, handler),
  };
}
