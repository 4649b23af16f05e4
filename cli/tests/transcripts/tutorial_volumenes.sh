docker volume create my-vol
docker volume ls
docker volume inspect my-vol
docker volume rm my-vol
docker run -d \
  --name devtest \
  --mount source=myvol2,target=/app \
  nginx:latest
docker inspect devtest
docker container stop devtest
docker container rm devtest
docker volume rm myvol2
docker run -d \
  --name devtest \
  -v myvol2:/app \
  nginx:latest
docker inspect --format '{{json .Mounts}}' devtest
docker container stop devtest
docker container rm devtest
docker volume rm myvol2
docker run -d \
  --name=nginxtest \
  --mount source=nginx-vol,destination=/usr/share/nginx/html \
  nginx:latest
docker container stop nginxtest
docker container rm nginxtest
docker volume rm nginx-vol
docker run -d \
  --name=nginxtest \
  -v nginx-vol:/usr/share/nginx/html \
  nginx:latest
docker container stop nginxtest
docker container rm nginxtest
docker volume rm nginx-vol
docker run -d \
  --name=nginxtest \
  --mount source=nginx-vol,destination=/usr/share/nginx/html,readonly \
  nginx:latest
docker inspect nginxtest
docker container stop nginxtest
docker container rm nginxtest
docker volume rm nginx-vol
docker run -d \
  --name=nginxtest \
  -v nginx-vol:/usr/share/nginx/html:ro \
  nginx:latest
docker inspect --format '{{json .Mounts}}' nginxtest
docker container stop nginxtest
docker container rm nginxtest
docker volume rm nginx-vol
docker volume create logs
docker run --rm \
  --mount src=logs,dst=/logs \
  alpine mkdir -p /logs/app1 /logs/app2
docker run -d \
  --name=app1 \
  --mount src=logs,dst=/var/log/app1,volume-subpath=app1 \
  app1:latest
docker run -v /dbdata --name dbstore ubuntu /bin/bash
docker run --rm --volumes-from dbstore -v $(pwd):/backup ubuntu tar cvf /backup/backup.tar /dbdata
ls -l
tar tvf backup.tar
docker run -v /dbdata --name dbstore2 ubuntu /bin/bash
docker run --rm --volumes-from dbstore2 -v $(pwd):/backup ubuntu bash -c "cd /dbdata && tar xvf /backup/backup.tar --strip 1"
docker run -d --name top --rm -v /foo -v awesome:/bar busybox top
docker volume ls
docker stop top
docker volume ls
docker volume prune
y
docker volume ls
