mkdir -p source/target
cd source
docker run --mount type=bind,src=/dev/noexist,dst=/mnt/foo alpine
docker run -d \
  -it \
  --name devtest \
  --mount type=bind,source="$(pwd)"/target,target=/app \
  nginx:latest
docker inspect --format '{{json .Mounts}}' devtest
docker inspect --format '{{json .HostConfig.Mounts}} {{json .HostConfig.Binds}}' devtest
docker container rm -fv devtest
docker run -d \
  -it \
  --name devtest \
  -v "$(pwd)"/target:/app \
  nginx:latest
docker inspect --format '{{json .Mounts}}' devtest
docker container rm -fv devtest
docker run -d \
  -it \
  --name broken-container \
  --mount type=bind,source=/tmp,target=/usr \
  nginx:latest
docker ps -a --format '{{.Names}} {{.Status}}'
docker logs broken-container
docker container rm broken-container
docker run -d \
  -it \
  --name broken-container \
  -v /tmp:/usr \
  nginx:latest
docker container rm broken-container
docker run -d \
  -it \
  --name devtest \
  --mount type=bind,source="$(pwd)"/target,target=/app,readonly \
  nginx:latest
docker inspect --format '{{json .Mounts}}' devtest
docker container rm -fv devtest
docker run -d \
  -it \
  --name devtest \
  -v "$(pwd)"/target:/app:ro \
  nginx:latest
docker inspect --format '{{json .Mounts}}' devtest
docker exec devtest touch /app/hola
docker container rm -fv devtest
docker run --mount type=bind,src=.,dst=/project,ro,bind-propagation=rshared alpine ls /project
docker inspect -f '{{json .Mounts}}' $(docker ps -lq)
docker run -v .:/project:ro,rshared alpine ls /project
docker inspect -f '{{json .Mounts}}' $(docker ps -lq)
