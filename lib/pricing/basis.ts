import { ModelEntry } from '../catalog/types';
import { ComputeFact, CustomizationWork, DataLocation, FlowFact, Subject } from '../discover/facts';
import { Place } from '../resolve/locate';

/**
 * What a finding costs, as facts: the pricing stage turns a basis into line items with usage and
 * prices. Rules say what is moved where; they never see a price.
 */
export type CostBasis =
  | {
      /** Data or calls between compute and a target: inter-region transfer and NAT gateway charges. */
      readonly kind: 'flows';
      readonly flows: readonly FlowFact[];
      /** `transfer` and `nat` for cross-region findings; only `nat` for the NAT finding. */
      readonly charges: readonly ('transfer' | 'nat')[];
    }
  | {
      /** Data sent to an AI provider outside AWS: internet egress, and NAT from private subnets. */
      readonly kind: 'egress';
      readonly subject: Subject;
      readonly place: Place;
      readonly compute?: ComputeFact;
      readonly provider: string;
    }
  | {
      /** Data a customization job needs from another region: the copy into the job's region. */
      readonly kind: 'data-copy';
      readonly work: CustomizationWork;
      readonly data: DataLocation;
    }
  | {
      /** A knowledge base ingesting a bucket of another region: replication into its own region. */
      readonly kind: 'kb-sync';
      readonly knowledgeBase: Subject;
      readonly dataSource: Subject;
      readonly bucket: Place;
      readonly region: string;
    }
  | {
      /** NAT gateways that AI or data traffic crosses: their fixed hourly charge. */
      readonly kind: 'nat-hours';
      readonly gateways: readonly Subject[];
      readonly region: string | null;
    }
  | {
      /** A customization job: training, storage, serving, and break-even against retrieval. */
      readonly kind: 'customization';
      readonly work: CustomizationWork;
      readonly model?: ModelEntry;
    };
