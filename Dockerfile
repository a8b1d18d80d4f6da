# The gateway, in production mode by default: JWT_SECRET and ENCRYPTION_KEY must be given (in the
# environment, or as files through JWT_SECRET_FILE / ENCRYPTION_KEY_FILE, e.g. Docker secrets); it
# refuses to start without them. Sign-up is closed and GraphiQL off unless configured otherwise.
# docker-compose.yml shows both a production service and the demo. Node 24 comes from the image.
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY android-agent/package.json android-agent/package.json
COPY console/package.json console/package.json
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
