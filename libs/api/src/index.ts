export * from './client';
export * from './contract';
export * from './page';
export * from './problem';
export * as detectRoutes from './detect-routes';
export * as routes from './routes';
export * as shareRoutes from './share-routes';
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
export * as respondCaseRoutes from './respond-cases-routes';
export * as respondReportRoutes from './respond-reports-routes';
export * as respondEscalationRoutes from './respond-escalation-routes';
export * as respondSettingsRoutes from './respond-settings-routes';
