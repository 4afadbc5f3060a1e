/**
 * Google REST JSON the reader consumes (proto3 JSON: camelCase, int64 as strings, absent = default).
 * Vertex AI endpoints: google/cloud/aiplatform/v1/endpoint.proto; custom jobs: custom_job.proto;
 * Workbench: google/cloud/notebooks/v2/instance.proto; Monitoring: google/monitoring/v3/metric.proto.
 */
export type { VertexDeployedModel, VertexEndpoint } from './remediation/vertex-endpoint';

export interface MachineSpecJson {
  machineType?: string;
  acceleratorType?: string;
  acceleratorCount?: number;
}

export interface CustomJobJson {
  name: string;
  displayName?: string;
  jobSpec?: {
    workerPoolSpecs?: {
      machineSpec?: MachineSpecJson;
      replicaCount?: string | number;
      containerSpec?: { imageUri?: string };
      pythonPackageSpec?: { executorImageUri?: string };
    }[];
    scheduling?: { timeout?: string };
  };
  state?: string;
  createTime?: string;
  startTime?: string;
  endTime?: string;
  updateTime?: string;
  labels?: Record<string, string>;
}

export interface WorkbenchInstanceJson {
  name: string;
  gceSetup?: {
    machineType?: string;
    acceleratorConfigs?: { type?: string; coreCount?: string | number }[];
    metadata?: Record<string, string>;
  };
  state?: string;
  healthState?: string;
  creator?: string;
  createTime?: string;
  updateTime?: string;
  labels?: Record<string, string>;
}

export interface TimeSeriesJson {
  metric?: { type?: string; labels?: Record<string, string> };
  resource?: { type?: string; labels?: Record<string, string> };
  metricKind?: string;
  valueType?: string;
  points?: {
    interval?: { startTime?: string; endTime?: string };
    value?: { int64Value?: string | number; doubleValue?: number; distributionValue?: { count?: string | number; mean?: number } };
  }[];
}
