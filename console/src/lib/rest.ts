import type { Problem } from './problem';
import { session } from './session';

/**
 * The REST routes the console calls for files (CSV uploads and downloads: file streams, no GraphQL
 * field), with the session's access token, refreshed first when it is about to run out.
 */
export async function rest(path: string, init: RequestInit = {}): Promise<Response> {
  if (!session.fresh()) await session.refresh();
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${session.accessToken ?? ''}`);
  return fetch(path, { ...init, headers });
}

/** A REST refusal (problem+json) as the Problem the pages show, with its field messages. */
export async function problemOfResponse(res: Response): Promise<Problem> {
  try {
    const body = (await res.json()) as {
      code?: string;
      detail?: string;
      title?: string;
      errors?: { field: string; message: string }[];
    };
    const fields: Record<string, string> = {};
    for (const { field, message } of body.errors ?? []) fields[field] ??= message;
    return {
      code: body.code ?? `HTTP_${res.status}`,
      detail: body.detail ?? body.title ?? res.statusText,
      fields,
    };
  } catch {
    return { code: `HTTP_${res.status}`, detail: res.statusText || 'The gateway refused the request', fields: {} };
  }
}

export const NETWORK_PROBLEM: Problem = {
  code: 'NETWORK',
  detail: 'The gateway did not answer. Try again.',
  fields: {},
};

/**
 * Fetches a file from a REST route and hands it to the browser as a download (a Blob behind an
 * object URL: a plain link could not carry the bearer token). Undefined when it worked.
 */
export async function download(path: string, filename: string): Promise<Problem | undefined> {
  try {
    const res = await rest(path);
    if (!res.ok) return await problemOfResponse(res);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    // The click has handed the Blob to the download; give it a moment before freeing it.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return undefined;
  } catch {
    return NETWORK_PROBLEM;
  }
}
