import type { detectRoutes } from '@vigil/api';
import { ApiError, CSRF_HEADER, ProblemSchema, detectRoutes as contracts, routes } from '@vigil/api';
import { api } from '../../session/api-client';

/**
 * Sends a file as the raw body of the upload route with XMLHttpRequest, which reports upload
 * progress (fetch does not) and streams the file from disk: a GB-sized export never sits in
 * the page's memory.
 */
export async function uploadDataset(input: {
  readonly file: File;
  readonly query: Readonly<Record<string, string>>;
  readonly onProgress: (fraction: number) => void;
}): Promise<detectRoutes.DetectDataset> {
  // The session's CSRF token, as the typed client sends it on every change.
  const { csrfToken } = await api.call(routes.currentSession, {});
  const url = `${contracts.uploadDataset.path}?${new URLSearchParams(input.query).toString()}`;
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader(CSRF_HEADER, csrfToken);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.setRequestHeader('accept', 'application/json, application/problem+json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) input.onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError({ type: 'about:blank', title: 'network', status: 0 }));
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText) as unknown;
      } catch {
        body = null;
      }
      if (request.status === 201) {
        const parsed = contracts.DetectDatasetSchema.safeParse(body);
        if (parsed.success) resolve(parsed.data);
        else reject(new ApiError({ type: 'about:blank', title: 'Unexpected answer', status: 500 }));
        return;
      }
      const problem = ProblemSchema.safeParse(body);
      reject(new ApiError(problem.success ? problem.data : { type: 'about:blank', title: request.statusText || 'Error', status: request.status }));
    };
    request.send(input.file);
  });
}
