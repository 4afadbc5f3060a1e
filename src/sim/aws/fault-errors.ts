import { AwsServiceError, type FaultErrorKind } from '../protocol/aws-json';

/**
 * The errors AWS JSON services return for denied, expired and failed calls. Throttling differs per service
 * (ThrottlingException, LimitExceededException, ThrottledException, Throttling), so each service picks its own.
 */
export function commonFaultError(kind: Exclude<FaultErrorKind, 'throttle'>, iamPrefix: string, operation: string, account: string): AwsServiceError {
  switch (kind) {
    case 'access-denied':
      return new AwsServiceError(
        'AccessDeniedException',
        `User: arn:aws:iam::${account}:user/watchdog is not authorized to perform: ${iamPrefix}:${operation} because no identity-based policy allows the ${iamPrefix}:${operation} action`,
        400,
        'AccessDenied',
      );
    case 'expired-token':
      return new AwsServiceError('ExpiredTokenException', 'The security token included in the request is expired', 400, 'ExpiredToken');
    case 'server-error':
      return new AwsServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500, 'InternalFailure');
  }
}
