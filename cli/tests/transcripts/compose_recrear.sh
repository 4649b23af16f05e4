echo 'services: {web: {image: nginx}, old: {image: redis}}' > compose.yaml
docker compose up -d
docker compose up -d
echo 'services: {web: {image: nginx, environment: {MODO: prod}}}' > compose.yaml
docker compose up -d
docker compose ps -a
docker compose up -d --remove-orphans
docker compose down
