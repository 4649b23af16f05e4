sudo
whoami
sudo whoami
sudo id
sudo -i
whoami
exit
sudo nada
systemctl status docker
systemctl restart docker
echo $?
docker run -d --name siempre --restart always nginx
docker run -d --name salvo --restart unless-stopped nginx
docker run -d --name parado --restart unless-stopped nginx
docker run -d --name fallo --restart on-failure alpine sleep 1000
docker run -d --name nunca nginx
docker stop parado
sudo systemctl stop docker
echo $?
docker ps
echo $?
docker compose ls
systemctl status docker
systemctl is-active docker
sudo service docker start
docker ps -a --format '{{.Names}} {{.Status}}'
sudo systemctl restart docker
docker ps -a --format '{{.Names}} {{.Status}}'
sudo service docker status
sudo systemctl restart nginx
service docker
