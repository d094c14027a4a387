# syntax=docker/dockerfile:1
# Laurel's container image: three stages, one small runtime.
#   docker build -t laurel .
#   docker run -p 3000:3000 -v laurel-data:/data --read-only --tmpfs /tmp laurel
# The runtime runs as an unprivileged user (uid 10001) and writes only to /data (the SQLite database,
# a generated master key, the e-mail outbox: each can be moved or avoided, see docs/operations.md) and
# /tmp (the TypeScript compile cache). No secret is baked in: the master key, DATABASE_URL, SMTP_URL,
# METRICS_TOKEN come from the environment or mounted files at run time.
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Every dependency (dev included) and the web app's build.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/server/package.json packages/server/
COPY packages/web/package.json packages/web/
# Install scripts stay off but for the two that are needed (a native SQLite binding, esbuild for Vite).
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 esbuild
COPY tsconfig.base.json ./
COPY packages ./packages
RUN npm run build:web

# 2. Production dependencies only.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /src
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/server/package.json packages/server/
COPY packages/web/package.json packages/web/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 esbuild \
 && npm cache clean --force

# 3. The runtime: Node, tini (PID 1: forwards SIGTERM, reaps the renderer processes), the sources, the built web app.
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 laurel \
 && useradd --system --uid 10001 --gid laurel --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin laurel \
 && mkdir -p /data \
 && chown laurel:laurel /data \
 && chmod 0700 /data
WORKDIR /app
COPY --from=prod-deps /src/node_modules ./node_modules
COPY package.json tsconfig.base.json ./
COPY packages/core ./packages/core
COPY packages/server ./packages/server
COPY packages/web/package.json ./packages/web/
COPY --from=build /src/packages/web/dist ./packages/web/dist
COPY deploy/backup.sh deploy/restore.sh ./deploy/
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LAUREL_DATA_DIR=/data \
    LAUREL_WEB_DIST=/app/packages/web/dist
USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--conditions=source", "--import", "tsx"]
# The server; `laurel <command>` is packages/server/src/cli/main.ts <command> (e.g. migrate, setup, verify).
CMD ["packages/server/src/main.ts"]
