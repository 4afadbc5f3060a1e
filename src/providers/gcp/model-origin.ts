import type { ServedModel } from '../../domain/served-model';
import { compiledFor, frameworkOf } from '../framework-names';

/**
 * Pure classification of a Vertex AI Model (models.get, google/cloud/aiplatform/v1/model.proto) and of a custom job's
 * container: prebuilt prediction containers live under `{us,europe,asia}-docker.pkg.dev/vertex-ai/prediction/`
 * (older `gcr.io/cloud-aiplatform/prediction/`), prebuilt training containers under `.../vertex-ai/training/`, Model
 * Garden's serving containers under `.../vertex-ai/vertex-vision-model-garden-dockers/` ⚠️ (path seen in Model Garden
 * notebooks, not in a reference page). AutoML and BigQuery ML models have no containerSpec: only Vertex AI serves them.
 */

export interface VertexModelJson {
  name: string;
  displayName?: string;
  containerSpec?: { imageUri?: string };
  artifactUri?: string;
  /** ModelSourceType: AUTOML, CUSTOM, BQML, MODEL_GARDEN, GENIE, CUSTOM_TEXT_EMBEDDING, MARKETPLACE. */
  modelSourceInfo?: { sourceType?: string; copy?: boolean };
  baseModelSource?: { modelGardenSource?: { publicModelName?: string }; genieSource?: { baseModelUri?: string } };
  supportedExportFormats?: { id?: string }[];
  [k: string]: unknown;
}

const PREBUILT = /^([a-z0-9-]+-docker\.pkg\.dev\/vertex-ai(-restricted)?\/(prediction|training)\/|gcr\.io\/cloud-aiplatform\/(prediction|training)\/)/;
const MODEL_GARDEN_IMAGE = /^[a-z0-9-]+-docker\.pkg\.dev\/vertex-ai(-restricted)?\/vertex-vision-model-garden-dockers\//;

/**
 * Model Garden publisher models whose weights Google or a partner keeps (no download): Gemini, Imagen, Chirp, PaLM
 * (bison/gecko), MedLM, Veo, and partners' closed models. Open-weight ones (Gemma, Llama, Mistral open models ...)
 * are not listed ⚠️ (a judgement from Model Garden's model cards, not an API field).
 */
const PROPRIETARY_PUBLISHER_MODEL = /^publishers\/(google\/models\/(gemini|imagen|chirp|medlm|veo|text-bison|chat-bison|code-bison|codechat-bison|textembedding-gecko|text-embedding|text-multilingual-embedding|multimodalembedding)|anthropic\/|ai21\/|cohere\/)/;

const noUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function classifyVertexModel(m: VertexModelJson, variant?: string): ServedModel {
  const image = m.containerSpec?.imageUri;
  const publicModel = m.baseModelSource?.modelGardenSource?.publicModelName;
  const sourceType = m.modelSourceInfo?.sourceType;
  const exportFormats = (m.supportedExportFormats ?? []).map((f) => f.id).filter((f): f is string => !!f);
  const framework = frameworkOf(image, m.artifactUri?.endsWith('.onnx') ? 'onnx' : undefined);
  const compiled = compiledFor(image);
  const base = noUndefined({ name: m.name, variant, image, artifactUri: m.artifactUri, framework, compiledFor: compiled });
  const proprietary = (publicModel !== undefined && PROPRIETARY_PUBLISHER_MODEL.test(publicModel)) || sourceType === 'MARKETPLACE' || sourceType === 'GENIE';
  if (publicModel || sourceType === 'MODEL_GARDEN' || sourceType === 'MARKETPLACE' || sourceType === 'GENIE' || (image && MODEL_GARDEN_IMAGE.test(image))) {
    const from = publicModel ?? (sourceType ? `a ${sourceType} model` : 'Model Garden');
    return { ...base, source: 'foundation-catalog', proprietary, ...(publicModel ? { publisher: publicModel } : {}), basis: `Vertex AI Model Garden: ${from}${proprietary ? ' (weights only on Google Cloud)' : ' (open weights)'}` };
  }
  if (!image) {
    const kind = sourceType === 'BQML' ? 'BigQuery ML' : sourceType === 'AUTOML' || !sourceType ? 'AutoML' : sourceType;
    const exportable = exportFormats.length ? `; exportable as ${exportFormats.join(', ')}` : '; no export format';
    return { ...base, source: 'built-in-algorithm', basis: `${kind} model with no container of its own: only Vertex AI serves it${exportable}` };
  }
  return classifyVertexImage(image, m.name, variant, m.artifactUri);
}

/** An image of a deployed model or a custom job worker pool. */
export function classifyVertexImage(image: string | undefined, name: string, variant?: string, artifactUri?: string): ServedModel {
  const framework = frameworkOf(image, artifactUri?.endsWith('.onnx') ? 'onnx' : undefined);
  const compiled = compiledFor(image);
  const base = noUndefined({ name, variant, image, artifactUri, framework, compiledFor: compiled });
  if (!image) return { ...base, source: 'unknown', basis: 'the API named no container image' };
  if (PREBUILT.test(image)) return { ...base, source: 'framework-container', basis: `Vertex AI prebuilt ${framework ?? 'framework'} container${compiled ? ' (built for TPU)' : ''}: the framework's public image can replace it` };
  return { ...base, source: 'custom-container', basis: `custom container ${image.split('/').slice(0, 2).join('/')}/...` };
}
