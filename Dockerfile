# syntax=docker/dockerfile:1
#
# One image for the server processes: `attribution ingest`, `attribution project` and `attribution serve`
# (docker-compose.yml chooses one with `command`). The CLI runs the TypeScript sources through tsx, so there is no
# build step: the image is the workspace with its packages installed from the lockfile.
#
#   docker build --platform linux/amd64 -t closed-loop-attribution:0.1.0 .
#   docker run --rm closed-loop-attribution:0.1.0 --help
#
# No HEALTHCHECK here: what "healthy" means differs per subcommand, so docker-compose.yml sets one per service.
#
# Size: the workspace also installs chDB (the embedded ClickHouse, about 540 MB of native library) because
# `attribution start` needs it. The server processes do not use it, but importing the clickhouse package maps the
# library anyway (chdb/connection loads it on import). The lockfile holds it for linux/amd64 only, so build and run
# this image as linux/amd64 (docker-compose.yml says so; arm64 hosts emulate).

# Node 20.20.2: the version CI runs the tests on.
FROM node:20.20.2-bookworm-slim AS manifests
WORKDIR /app
COPY . .
# Only what `pnpm install` reads (manifests, lockfile, workspace list, .npmrc, the CLI's bin for linking), so that the
# install layer below is rebuilt when dependencies change, not on every source edit.
# The dashboard's build script stays too, since its package's postinstall runs it (with no sources yet, it builds nothing).
RUN find . -type f \
      ! -name package.json ! -name pnpm-lock.yaml ! -name pnpm-workspace.yaml ! -name .npmrc \
      ! -path './services/*/bin/*' ! -path './services/dashboard/build-if-stale.mjs' -delete \
 && find . -type d -empty -delete

FROM node:20.20.2-bookworm-slim
# pnpm through npm, at the version of package.json's packageManager (corepack's signature check fails against some
# registry mirrors).
RUN npm install --global pnpm@9.15.9 && npm cache clean --force
WORKDIR /app
COPY --from=manifests /app ./
# --prod=false: the same install the tests run on, development tools included, so what CI proved is what runs.
# The pnpm store lives in a build cache outside the image, so each package is in the image once.
RUN --mount=type=cache,id=attribution-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod=false --store-dir /pnpm/store
COPY . .
# The dashboard's static files, which `attribution serve` serves at /.
RUN node services/dashboard/build-if-stale.mjs

# Inside a container the API must listen on every interface. The data directory serves only `attribution start`
# (embedded mode, no servers); the server processes keep no local state.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    ATTRIBUTION_DATA_DIR=/var/lib/attribution
RUN mkdir -p /var/lib/attribution && chown node:node /var/lib/attribution
# The node image's unprivileged user; the application files stay owned by root and read-only to it.
USER node
EXPOSE 3000
ENTRYPOINT ["node", "services/cli/bin/attribution.mjs"]
CMD ["--help"]
