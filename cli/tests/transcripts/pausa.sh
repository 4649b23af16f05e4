docker network create red
docker run -d --name web --network red -p 8080:80 nginx
docker run -d --name cliente --network red busybox sleep 3600
docker pause
docker pause web
docker pause web nada
docker ps --format '{{.Names}} {{.State}} {{.Status}}'
docker ps -f status=paused
docker ps -f status=running --format '{{.Names}}'
docker inspect -f '{{.State.Status}} {{.State.Running}} {{.State.Paused}}' web
docker exec web ls
docker exec cliente ping -c 2 web
curl -sS -m 3 http://localhost:8080
docker exec cliente wget -q -O - http://web
docker stats --no-stream
docker info --format '{{.ContainersRunning}} {{.ContainersPaused}} {{.ContainersStopped}}'
docker start web
docker rm web
docker unpause web
docker unpause web cliente
curl -s http://localhost:8080 | head -4
docker pause web
docker stop web
docker ps -a --format '{{.Names}} {{.Status}}'
docker compose up -d
docker compose pause
docker compose ps --format '{{.Name}} {{.State}}'
docker compose ps
docker compose pause web
docker compose up -d
docker compose unpause cache
docker compose unpause
docker stats --no-stream --format 'table {{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.PIDs}}'
docker stats --no-stream nada
docker stats --no-stream -a --no-trunc cliente web
