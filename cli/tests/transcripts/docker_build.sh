mkdir app
cd app
echo 'print("hola")' > app.py
echo secreto > clave.txt
printf 'clave.txt\n*.log\n' > .dockerignore
echo ruido > debug.log
cat > Dockerfile <<'EOF'
# syntax=docker/dockerfile:1
FROM python:3.12-slim AS base
ARG VERSION=1.0
ENV APP_VERSION=$VERSION
WORKDIR /app
COPY app.py .
RUN apt-get update && apt-get install -y curl \
    && echo listo > /app/estado.txt
COPY <<EOT /app/start.sh
#!/bin/sh
echo "version \$APP_VERSION"
EOT
LABEL org.example.autor="alumno"
EXPOSE 8000
CMD ["cat", "/app/estado.txt"]

FROM base AS test
RUN false
EOF
docker build -t app --target base --build-arg VERSION=2.0 .
docker images
docker run --rm app
docker run --rm app cat /app/start.sh
docker run --rm app ls /app
docker run --rm app sh -c 'echo $APP_VERSION'
docker image inspect -f '{{.Config.ExposedPorts}} {{.Config.Labels}}' app
docker build --target test .
echo $?
docker build -q --target base .
docker images
printf 'FROM alpine\nCOPY clave.txt /\n' > Dockerfile.mal
docker build -f Dockerfile.mal -t mal .
echo $?
printf 'FROM alpine\nCOPY nada.txt /\n' > Dockerfile.mal
docker build -f Dockerfile.mal -t mal .
printf 'FROM alpine\necho hola\n' > Dockerfile.mal
docker build -f Dockerfile.mal .
printf 'FROM noexiste\n' > Dockerfile.mal
docker build -f Dockerfile.mal .
docker build -t mal nada
docker build --target nada .
docker buildx build --target base -t otra -t otra:v2 .
docker image build --no-cache -t app --target base .
docker images
printf 'FROM alpine AS build\nRUN mkdir /out && echo binario > /out/app\nFROM alpine\nCOPY --from=build /out/app /usr/local/bin/app\nCOPY . /src\nCMD ["cat", "/usr/local/bin/app"]\n' > Dockerfile.multi
docker build -f Dockerfile.multi -t multi .
docker run --rm multi
docker run --rm multi ls -a /src
cd ..
cat > compose.yaml <<'EOF'
services:
  web:
    build:
      context: ./app
      target: base
      args:
        VERSION: "3.0"
EOF
docker compose build
docker run --rm proyecto-web sh -c 'echo $APP_VERSION'
