docker run foo
echo $?
docker pull alpnie
echo $?
docker run nginx:lates
echo $?
docker pull nginx:1.21.6-alpine
docker pull python:3.8-slim-buster
docker pull centos:7
docker pull miusuario/miapp
docker images --format "{{.Repository}}:{{.Tag}}"
docker run -d --restart=on-failure:-1 alpine
echo $?
docker run -d --restart=siempre alpine
docker run -d --restart=always:3 alpine
docker run -d --restart=:3 alpine
docker run -d --restart=on-failure:x alpine
docker run -d --mount type=bind,source=/no/existe,target=/app busybox
echo $?
docker images --format "{{.Repository}}" busybox
docker network create alpine-net
docker run -dit --name alpine1 --network alpine-net alpine ash
docker network rm alpine-net
echo $?
