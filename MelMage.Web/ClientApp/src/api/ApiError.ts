/** An error from the API in words: the problem+json title and detail when the API sent them. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | null;

  constructor(status: number, title: string, detail: string | null) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

const fallbackTitles: Record<number, string> = {
  400: "The request was not accepted",
  404: "Not found",
  413: "The upload is too large",
  415: "That is not a supported audio file",
  502: "The web server cannot reach the MelMage API",
  503: "The MelMage API is not available right now",
  504: "The MelMage API did not answer in time",
};

/** Turns any failed response into an ApiError a person can read, preferring application/problem+json. */
export async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      const body = (await response.json()) as { title?: unknown; detail?: unknown };
      const title = typeof body.title === "string" && body.title ? body.title : null;
      const detail = typeof body.detail === "string" && body.detail ? body.detail : null;
      if (title || detail) return new ApiError(response.status, title ?? statusTitle(response.status), detail);
    } catch {
      // Not JSON after all: fall through to the status line.
    }
  }
  return new ApiError(response.status, statusTitle(response.status), null);
}

export function statusTitle(status: number): string {
  return fallbackTitles[status] ?? `The server answered ${status}`;
}
