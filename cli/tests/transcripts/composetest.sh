docker compose up
curl http://localhost:8000/
curl http://localhost:8000/
docker image ls
docker compose down
cat > infra.yaml <<'EOF'
services:
  redis:
    image: "redis:alpine"
EOF
cat > compose.yaml <<'EOF'
include:
   - infra.yaml
services:
  web:
    build: .
    ports:
      - "8000:5000"
    develop:
      watch:
        - action: sync
          path: .
          target: /code
EOF
docker compose up -d
docker compose ps
docker compose stop
docker compose ps -a
docker compose down
docker image ls
