docker run -d --name container1 nginx
docker run -it --name container2 ubuntu bash
apt-get update; apt-get install -y iputils-ping
ping container1
echo $?
ping -c 3 172.17.0.2
exit
