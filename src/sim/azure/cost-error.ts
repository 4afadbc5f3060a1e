/** A Cost Management failure as Azure renders it: HTTP status + {"error":{"code","message"}}. */
export class CostQueryError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CostQueryError';
  }
}

/** 400 BadRequest with Azure's "Invalid query definition: " prefix (Azure/azure-rest-api-specs#12158). */
export const badRequest = (message: string) => new CostQueryError(400, 'BadRequest', `Invalid query definition: ${message}`);
