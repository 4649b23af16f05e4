docker volume create myvol
^C
docker run -v myvol:<container_path> <image>
docker run -v <host_path>:<container_path> <image>
docker run <image>
docker exec -it <container> bash
# apt-get update; apt-get install -y iputils-ping
$ docker ps
docker run -it --name=container2 ubuntu bash
apt-get install -y iputils-ping
apt-get update; apt-get install -y iputils-ping
exit
