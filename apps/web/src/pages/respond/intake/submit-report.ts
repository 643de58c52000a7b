import type { Problem } from '@vigil/api';
import { ApiError, ProblemSchema, respondReportRoutes } from '@vigil/api';
import type { NewReport } from '@vigil/domain';

/**
 * Files a public report: JSON when there are no files, multipart/form-data (the report as
 * JSON in "report", files in "attachments") when there are. Sent without the session cookie:
 * the public form is anonymous even for a logged-in user.
 */
export async function submitReport(report: NewReport, files: readonly File[]): Promise<string> {
  let body: BodyInit;
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (files.length === 0) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(report);
  } else {
    const form = new FormData();
    form.set('report', JSON.stringify(report));
    for (const file of files) form.append('attachments', file, file.name);
    body = form;
  }
  const response = await fetch(respondReportRoutes.submitPublicReport.path, { method: 'POST', headers, body, credentials: 'omit' });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = ProblemSchema.safeParse(json);
    const problem: Problem = parsed.success ? parsed.data : { type: 'about:blank', title: response.statusText || 'Error', status: response.status };
    throw new ApiError(problem);
  }
  const code = typeof json === 'object' && json !== null ? (json as { trackingCode?: unknown }).trackingCode : undefined;
  if (typeof code !== 'string') throw new ApiError({ type: 'about:blank', title: 'Unexpected answer', status: 500 });
  return code;
}
