import { CustomizationType } from '../catalog/types';
import { Place, S3Location } from '../resolve/locate';
import { Value } from '../resolve/value';
import { ModelRef } from './model-ref';
import { EndpointFact, Placement, Route } from './network';

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
  | 'CreateCustomModel'
  | 'CreateModelInvocationJob';

export type WorkOrigin = 'step-functions' | 'step-functions-sdk' | 'custom-resource' | 'lambda';

export interface DataLocation extends S3Location {
  /** `input`: a batch inference job's prompts; `model-data`: the weights a model import reads. */
  readonly role: 'training' | 'validation' | 'output' | 'model-data' | 'input';
}

/** A number the template states for a call, and the request field it is in. */
export interface StatedNumber {
  readonly value: number;
  /** `HyperParameters.epochCount`, `ModelUnits of state "BuyThroughput"`. */
  readonly field: string;
}

/**
 * What the template states about a job's size and serving. Only `epochs` and `modelUnits` change
 * what is billed (trained tokens = corpus tokens x epochs; Provisioned Throughput per model unit);
 * the others are recorded so the estimate can say they were seen.
 */
export interface StatedSettings {
  readonly epochs?: StatedNumber;
  readonly batchSize?: StatedNumber;
  readonly learningRate?: StatedNumber;
  readonly learningRateWarmupSteps?: StatedNumber;
  /** From a `CreateProvisionedModelThroughput` call: its own, or the one that serves this job's model. */
  readonly modelUnits?: StatedNumber;
  /** `CommitmentDuration` of that call (`OneMonth`, `SixMonths`); absent: no commitment. */
  readonly commitment?: string;
}

/**
 * A call that creates Bedrock model work: a customization job, a copy, an import, throughput, or a
 * batch inference job (`CreateModelInvocationJob`, whose `baseModel` is the model it runs).
 */
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
  /** Subnets of the job's `VpcConfig`, as template values. */
  readonly vpcSubnets?: readonly Value[];
  /** `CustomModelName` of a job, as a literal: how a throughput call names the model it serves. */
  readonly customModelName?: string;
  /** Quantities and settings the template states; they beat the usage profile, not the usage file. */
  readonly stated?: StatedSettings;
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
  /** For a store outside AWS: who runs it and where Bedrock connects to it. */
  readonly external?: ExternalStore;
  /** The resource of the app the locator references (an RDS cluster, an OpenSearch domain). */
  readonly resource?: { readonly stackId: string; readonly logicalId: string };
  /** The subnets an RDS cluster or OpenSearch domain of the app sits in, once the network is read. */
  readonly placement?: Placement;
}

/** A vector store run by a company other than AWS, reached over its endpoint. */
export interface ExternalStore {
  /** `Pinecone`, `MongoDB Atlas`, `Redis Enterprise Cloud`. */
  readonly provider: string;
  /** Host of the connection string or endpoint, when it is a literal. */
  readonly host: string | null;
  /** The VPC endpoint service (AWS PrivateLink) Bedrock reaches the store through, when set. */
  readonly endpointService?: string;
}

export interface DataSourceFact {
  readonly subject: Subject;
  readonly type: string;
  readonly bucket?: S3Location;
  readonly parsingModel?: ModelRef;
  /** `ContextEnrichmentConfiguration` model (GraphRAG entity extraction). */
  readonly enrichmentModel?: ModelRef;
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

export type ComputeKind =
  | 'lambda'
  | 'ecs-task'
  | 'codebuild'
  | 'state-machine'
  | 'bedrock-agent'
  | 'customization-job'
  | 'batch-inference-job'
  | 'model-import-job'
  | 'sdk-call'
  | 'sagemaker-model'
  | 'sagemaker-notebook'
  | 'sagemaker-job'
  | 'batch-job'
  | 'ec2-instance'
  | 'ec2-launch-template'
  | 'agentcore-runtime'
  | 'agentcore-harness';

/** A setting of a compute resource that can name data, models, regions or credentials. */
export interface Setting {
  /** `environment variable X`, `secret X`, `property FoundationModel`. */
  readonly label: string;
  readonly name: string;
  readonly value: Value;
  /** The resource certainly calls the model this names: an invoke task's ModelId, an agent's FoundationModel. */
  readonly invokes?: boolean;
  /**
   * The value is fetched at run time from Secrets Manager or Parameter Store (ECS and Batch
   * `Secrets`, CodeBuild non-plaintext variables): the setting names where the value is kept,
   * not a bucket or model itself.
   */
  readonly stored?: boolean;
}

/** Something of the app that runs code or calls AWS: where it runs, as whom, with what settings. */
export interface ComputeFact {
  readonly subject: Subject;
  /** Construct path without `/Resource` (`Rag/Retriever`), or the logical id. */
  readonly name: string;
  readonly kind: ComputeKind;
  readonly place: Place;
  /** `stackId/logicalId` of its IAM role, when it has one in the app. */
  readonly roleKey?: string;
  readonly settings: readonly Setting[];
  readonly placement: Placement;
}

export type TargetKind =
  'bucket' | 'table' | 'vector-store' | 'model' | 'knowledge-base' | 'agent' | 'bedrock';

/** What a flow reaches: a data store, a model, a knowledge base, an agent, or Bedrock in a region. */
export interface FlowTarget {
  readonly kind: TargetKind;
  /** AWS service endpoint the call goes to: `s3`, `dynamodb`, `bedrock-runtime`, ... */
  readonly service: string;
  /** Readable name, e.g. `bucket ${DataLake/Lake}` or `model meta.llama3-3-70b-instruct-v1:0`. */
  readonly what: string;
  readonly place: Place;
  readonly model?: ModelRef;
  /** For an application inference profile of the app: the model or system profile it copies. */
  readonly copySource?: ModelRef;
  /** Identity of the target: flows to one target from one compute merge. */
  readonly key: string;
  /**
   * Why browsers download from this bucket directly (CORS allows GET, or a public-read policy):
   * its reads are presigned-URL or public downloads, billed as internet egress from its region.
   */
  readonly browserDownloads?: string;
}

export type Access = 'read' | 'write' | 'read-write' | 'invoke';

/** Evidence that a compute resource reaches a target, and the path the traffic takes. */
export interface FlowFact {
  readonly source: ComputeFact;
  readonly target: FlowTarget;
  readonly access: Access;
  /** How we know: `IAM s3:GetObject*`, `environment variable LAKE_BUCKET`, ... */
  readonly evidence: readonly string[];
  /** The IAM actions of the compute's role that allow the flow; empty when only settings name the target. */
  readonly iamActions: readonly string[];
  readonly route: Route;
}

/** Credentials or an endpoint of an AI service outside AWS, held by compute or stored in the app. */
export interface ExternalProviderFact {
  readonly subject: Subject;
  readonly place: Place;
  readonly provider: string;
  readonly evidence: string;
  /** The compute that holds it, when known: its data flows are what may leave AWS. */
  readonly compute?: ComputeFact;
}

/**
 * A call to Bedrock's control plane (a Lambda starting customization jobs): it carries no data
 * worth pricing, but it needs a network path from the compute's subnets.
 */
export interface ControlCall {
  readonly compute: ComputeFact;
  readonly work: CustomizationWork;
  readonly service: string;
  readonly route: Route;
}

/** Why a resource calls a model: what Bedrock does with it there. */
export type ModelPurpose =
  | 'invoke'
  | 'agent'
  | 'embedding'
  | 'parsing'
  | 'enrichment'
  | 'rerank'
  | 'flow-node'
  | 'prompt'
  | 'prompt-router'
  | 'copy-source'
  | 'teacher'
  | 'guardrail-profile'
  | 'memory'
  | 'batch-inference';

/** A model the app will call, the region the call is made in, and how we know. */
export interface ModelUseFact {
  /** The resource that makes (or configures) the call: findings point here. */
  readonly subject: Subject;
  readonly purpose: ModelPurpose;
  readonly model: ModelRef;
  /** The calling region: the ARN's region, the call's region setting, else the resource's stack. */
  readonly place: Place;
  /** `IAM bedrock:InvokeModel`, `environment variable MODEL_ID`, `node "Answer" ModelId`. */
  readonly evidence: readonly string[];
  /** The compute that makes the call, when compute does. */
  readonly compute?: ComputeFact;
}

/**
 * A `StartIngestionJob` call (an `AwsCustomResource`, a Step Functions SDK task, or a Lambda
 * allowed the action): it syncs a
 * data source into a knowledge base, and only in the knowledge base's own region.
 */
export interface IngestionCallFact {
  /** The custom resource or Lambda function that makes the call. */
  readonly subject: Subject;
  readonly origin: 'custom-resource' | 'lambda' | 'step-functions-sdk';
  /** The region the call is sent to. */
  readonly place: Place;
  /** `knowledgeBaseId` and `dataSourceId` as the template gives them (for messages). */
  readonly knowledgeBaseId: string;
  readonly dataSourceId?: string;
  /** The app's resources those ids refer to, when they are references. */
  readonly knowledgeBaseRef?: { readonly stackId: string; readonly logicalId: string };
  readonly dataSourceRef?: { readonly stackId: string; readonly logicalId: string };
  /** The app's knowledge base the call names, found after all stacks are read. */
  readonly knowledgeBase?: KnowledgeBaseFact;
  /** `call parameter knowledgeBaseId`, `environment variable KB_ID`. */
  readonly evidence: string;
}

/** Everything the rules may read. Rules never see templates. */
export interface Facts {
  readonly work: readonly CustomizationWork[];
  readonly buckets: readonly BucketFact[];
  readonly knowledgeBases: readonly KnowledgeBaseFact[];
  readonly vectorCollections: readonly VectorCollectionFact[];
  readonly s3VectorStores: readonly BucketFact[];
  readonly compute: readonly ComputeFact[];
  readonly flows: readonly FlowFact[];
  readonly endpoints: readonly EndpointFact[];
  readonly externalProviders: readonly ExternalProviderFact[];
  readonly controlCalls: readonly ControlCall[];
  readonly modelUses: readonly ModelUseFact[];
  readonly ingestionCalls: readonly IngestionCallFact[];
}
