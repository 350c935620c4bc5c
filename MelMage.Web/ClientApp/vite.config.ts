import { defineConfig } from "vitest/config";

// The page is served by MelMage.Web under /app (its index.html is the fallback for every other path), and built
// straight into the host's wwwroot so `dotnet build` and `dotnet publish` carry it.
export default defineConfig({
  base: "/app/",
  // esbuild's own JSX transform is enough; no React plugin (and its Babel) is needed for a production build.
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "../wwwroot/app",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 400,
    // Scripts (the microphone's worklet) stay files: a data: URL would need script-src data: in the page's CSP.
    assetsInlineLimit: (file) => (file.endsWith(".js") ? false : undefined),
  },
  server: {
    // `npm run dev`: the API address as the AppHost would inject it.
    proxy: { "/api": process.env.services__api__http__0 ?? "http://127.0.0.1:5080" },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
