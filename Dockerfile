# The gateway with its demo fleet, as `npm start` runs it. Node 24 comes from the image here.
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY android-agent/package.json android-agent/package.json
COPY console/package.json console/package.json
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=development
EXPOSE 3000
CMD ["node", "dist/src/cli/start.js"]
