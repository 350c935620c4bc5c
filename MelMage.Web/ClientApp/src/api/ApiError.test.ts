import { describe, expect, it } from "vitest";
import { toApiError } from "./ApiError";

describe("toApiError", () => {
  it("uses the problem's title and detail", async () => {
    const response = new Response(JSON.stringify({ title: "Malformed WAV", detail: "The RIFF header is truncated at byte 12.", status: 400 }), {
      status: 400,
      headers: { "content-type": "application/problem+json" },
    });
    const error = await toApiError(response);
    expect(error.status).toBe(400);
    expect(error.message).toBe("Malformed WAV: The RIFF header is truncated at byte 12.");
  });

  it("falls back to words for the status when the body says nothing", async () => {
    expect((await toApiError(new Response("<html>bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } }))).message).toBe(
      "The web server cannot reach the MelMage API",
    );
    expect((await toApiError(new Response("{}", { status: 413, headers: { "content-type": "application/json" } }))).message).toBe(
      "The upload is too large",
    );
    expect((await toApiError(new Response("", { status: 418 }))).message).toBe("The server answered 418");
  });

  it("keeps the per-file reasons of a refused batch", async () => {
    const problem = {
      title: "Some files are not valid WAV audio",
      detail: "2 of 20 files were refused; nothing was stored.",
      files: [{ fileName: "a.wav", code: "truncated", detail: "The header is truncated." }, { fileName: "b.wav", code: "empty" }],
    };
    const error = await toApiError(new Response(JSON.stringify(problem), { status: 400, headers: { "content-type": "application/problem+json" } }));
    expect(error.files).toEqual(["a.wav: The header is truncated.", "b.wav: refused"]);
  });
});
