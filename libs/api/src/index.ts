export * from './client';
export * from './contract';
export * from './page';
export * from './problem';
export * as routes from './routes';
export {
  ApiTokenSchema,
  ChainVerificationSchema,
  ElectionSummarySchema,
  HealthSchema,
  ImportSummarySchema,
  JobSchema,
  LineOfAuthoritySchema,
  MemberSchema,
  SessionSchema,
} from './routes';
