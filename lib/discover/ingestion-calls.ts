import { Locator } from '../resolve/locate';
import { asExpr, Value } from '../resolve/value';
import { IngestionCallFact } from './facts';

/** Ids of an ingestion call, with the app resources they refer to. */
export function ingestionTarget(
  knowledgeBaseId: Value,
  dataSourceId: Value | undefined,
  locator: Locator,
): Pick<
  IngestionCallFact,
  'knowledgeBaseId' | 'dataSourceId' | 'knowledgeBaseRef' | 'dataSourceRef'
> {
  const ref = (value: Value | undefined) => {
    const r = asExpr(value)?.refs()[0];
    return r ? { stackId: r.stackId, logicalId: r.logicalId } : undefined;
  };
  return {
    knowledgeBaseId: locator.describe(knowledgeBaseId),
    dataSourceId: dataSourceId === undefined ? undefined : locator.describe(dataSourceId),
    knowledgeBaseRef: ref(knowledgeBaseId),
    dataSourceRef: ref(dataSourceId),
  };
}
