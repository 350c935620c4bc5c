/** An error from the API in words: the problem+json title and detail when the API sent them. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | null;
  /** Per-file reasons when a batch was refused ("name: reason"), from the problem's `files` list. */
  readonly files: string[];

  constructor(status: number, title: string, detail: string | null, files: string[] = []) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.files = files;
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
      const body = (await response.json()) as { title?: unknown; detail?: unknown; files?: unknown };
      const title = typeof body.title === "string" && body.title ? body.title : null;
      const detail = typeof body.detail === "string" && body.detail ? body.detail : null;
      if (title || detail) return new ApiError(response.status, title ?? statusTitle(response.status), detail, fileReasons(body.files));
    } catch {
      // Not JSON after all: fall through to the status line.
    }
  }
  return new ApiError(response.status, statusTitle(response.status), null);
}

function fileReasons(files: unknown): string[] {
  if (!Array.isArray(files)) return [];
  return files.flatMap((f) =>
    f && typeof f === "object" && typeof f.fileName === "string" ? [`${f.fileName}: ${typeof f.detail === "string" ? f.detail : "refused"}`] : [],
  );
}

export function statusTitle(status: number): string {
  return fallbackTitles[status] ?? `The server answered ${status}`;
}
