import { StackModel } from '../assembly/types';
import { parseEmbeddedJson } from '../resolve/embedded-json';
import { Locator, Place, REGION_CODE } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asText, get, isValueObject, Value } from '../resolve/value';
import { customizationAction, workFromCall } from './customization-call';
import { CustomizationWork } from './facts';

const BEDROCK_SERVICES = new Set(['bedrock', '@aws-sdk/client-bedrock']);

/**
 * `AwsCustomResource` calls (`Custom::AWS` or a custom type with the same properties): the
 * `Create`/`Update` JSON names service, action, an optional region and the API parameters.
 */
export function discoverSdkCalls(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
): CustomizationWork[] {
  const work: CustomizationWork[] = [];
  for (const [type, resources] of stack.byType) {
    if (!type.startsWith('Custom::') || type.startsWith('Custom::CrossRegionExport')) continue;
    for (const resource of resources) {
      const props = resolver.properties(stack, resource.logicalId);
      for (const phase of ['Create', 'Update']) {
        const call = parseEmbeddedJson(get(props, phase));
        const service = asText(get(call, 'service'))?.toLowerCase();
        const action = customizationAction(asText(get(call, 'action')) ?? '');
        if (!service || !BEDROCK_SERVICES.has(service) || !action) continue;
        const parameters = get(call, 'parameters');
        work.push(
          workFromCall(
            action,
            isValueObject(parameters) ? parameters : undefined,
            {
              subject: { stackId: stack.id, logicalId: resource.logicalId, type },
              origin: 'custom-resource',
              place: callPlace(stack, resource.logicalId, get(call, 'region'), locator),
              detail: `${phase} call`,
            },
            locator,
          ),
        );
        break; // Update repeats Create for the same job; one fact per resource
      }
    }
  }
  return work;
}

export function callPlace(
  stack: StackModel,
  logicalId: string,
  region: Value | undefined,
  locator: Locator,
): Place {
  const stackPlace = locator.resourcePlace(stack.id, logicalId);
  if (region === undefined) return stackPlace;
  const literal = asText(region);
  if (literal && REGION_CODE.test(literal))
    return { region: literal, source: 'the call\'s "region"', resource: stackPlace.resource };
  return {
    region: null,
    source: 'the call\'s "region"',
    unresolved: literal
      ? `the call's region "${literal}" is not a region code`
      : `the call's region is not known at synth time`,
    resource: stackPlace.resource,
  };
}
