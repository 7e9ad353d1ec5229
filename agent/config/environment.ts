// The deployment environment: one rule for the agent's config and for
// botanuWorkflow (which runs in the app's copy of the API, so reads it itself).
import type { EnvReader } from './env';

/**
 * The deployment environment, one rule for the agent and botanuWorkflow:
 * BOTANU_ENVIRONMENT, OTEL_DEPLOYMENT_ENVIRONMENT, then OTEL_RESOURCE_ATTRIBUTES'
 * deployment.environment(.name), else production.
 */
export function readEnvironment(r: EnvReader, resourceAttributes: Record<string, string>): { environment: string; environmentFromVariable: boolean } {
  const fromVariable = r.str('BOTANU_ENVIRONMENT') ?? r.str('OTEL_DEPLOYMENT_ENVIRONMENT');
  const environment = fromVariable ?? resourceAttributes['deployment.environment.name'] ?? resourceAttributes['deployment.environment'] ?? 'production';
  return { environment, environmentFromVariable: fromVariable !== undefined };
}
