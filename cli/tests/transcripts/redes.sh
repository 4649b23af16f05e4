docker network create mynet
docker run --network mynet --name=container1 -p 80 nginx
docker run -it --network mynet --name=container2 ubuntu bash
ping container1
apt-get update; apt-get install -y iputils-ping
ping container1
^C
exit
docker ps
