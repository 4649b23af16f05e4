docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -e MYSQL_DATABASE=todos mysql:8.0
sleep 30
docker exec -it db mysql -u root -p
secret
SHOW DATABASES;
exit
docker exec -it db mysql -u root -p
mal
docker run -d --name pg -e POSTGRES_PASSWORD=secreto postgres:16
sleep 10
docker exec -it pg psql -U postgres -W
secreto
\q
