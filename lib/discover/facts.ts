import { CustomizationType } from '../catalog/types';
import { Place, S3Location } from '../resolve/locate';
import { ModelRef } from './model-ref';

/** A resource of the app that a fact is about: where findings point. */
export interface Subject {
  readonly stackId: string;
  readonly logicalId: string;
  readonly type: string;
}

export type CustomizationAction =
  | 'CreateModelCustomizationJob'
  | 'CreateModelCopyJob'
  | 'CreateModelImportJob'
  | 'CreateProvisionedModelThroughput'
  | 'CreateCustomModelDeployment'
  | 'CreateCustomModel';

export type WorkOrigin = 'step-functions' | 'step-functions-sdk' | 'custom-resource' | 'lambda';

export interface DataLocation extends S3Location {
  readonly role: 'training' | 'validation' | 'output' | 'model-data';
}

/** A call that creates Bedrock customization work: a job, a copy, an import, throughput. */
export interface CustomizationWork {
  readonly subject: Subject;
  readonly origin: WorkOrigin;
  readonly action: CustomizationAction;
  /** Step Functions state name, or the environment variable the model came from. */
  readonly detail?: string;
  /** Where the call runs: the job's region. */
  readonly place: Place;
  readonly baseModel?: ModelRef;
  readonly teacherModel?: ModelRef;
  readonly customizationType: CustomizationType | string;
  readonly data: readonly DataLocation[];
  readonly vpcSubnets?: number;
}

export interface BucketFact {
  readonly subject: Subject;
  readonly place: Place;
  readonly name?: string;
}

export type VectorStoreKind =
  | 'OPENSEARCH_SERVERLESS'
  | 'OPENSEARCH_MANAGED_CLUSTER'
  | 'RDS'
  | 'PINECONE'
  | 'MONGO_DB_ATLAS'
  | 'NEPTUNE_ANALYTICS'
  | 'S3_VECTORS'
  | 'REDIS_ENTERPRISE_CLOUD'
  | 'KENDRA'
  | string;

export interface VectorStoreRef {
  readonly kind: VectorStoreKind;
  readonly locator: string;
  /** Null place for stores outside AWS regions (Pinecone, MongoDB Atlas): they have no AWS region. */
  readonly place: Place | null;
}

export interface DataSourceFact {
  readonly subject: Subject;
  readonly type: string;
  readonly bucket?: S3Location;
  readonly parsingModel?: ModelRef;
}

export interface KnowledgeBaseFact {
  readonly subject: Subject;
  readonly place: Place;
  /** `AWS::Bedrock::KnowledgeBase`, or a custom resource that creates one. */
  readonly origin: 'cloudformation' | 'custom-resource';
  readonly embeddingModel?: ModelRef;
  readonly store?: VectorStoreRef;
  /** Filled after all stacks are read: a data source may live in another stack than its knowledge base. */
  readonly dataSources: DataSourceFact[];
}

export interface VectorCollectionFact {
  readonly subject: Subject;
  readonly place: Place;
  readonly collectionType: string;
}

/** Everything the rules may read. Rules never see templates. */
export interface Facts {
  readonly work: readonly CustomizationWork[];
  readonly buckets: readonly BucketFact[];
  readonly knowledgeBases: readonly KnowledgeBaseFact[];
  readonly vectorCollections: readonly VectorCollectionFact[];
  readonly s3VectorStores: readonly BucketFact[];
}
