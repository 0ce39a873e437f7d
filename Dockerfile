# Loa runs TypeScript directly through tsx (no build step). Not buildable on the
# development machines (no Docker engine there); written for production users.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# Build the web app (web/dist) into the image; `loa start` would otherwise build it at first start.
RUN npx tsx scripts/web/build.ts
RUN useradd --system --uid 1001 loa && mkdir -p /data/media && chown -R loa /data /app
USER loa
EXPOSE 3000
CMD ["node", "scripts/loa.mjs", "start"]
