docker run -d --name web nginx
docker cp web:/etc/nginx/nginx.conf .
docker cp web:/usr/share/nginx/html ./sitio
ls sitio
echo "<h1>hola</h1>" > index.html
docker cp index.html web:/usr/share/nginx/html/
curl -s $(docker inspect -f '{{.NetworkSettings.IPAddress}}' web)
docker stop web
docker cp web:/usr/share/nginx/html/index.html copia.html
cat copia.html
docker cp web:/nope .
docker cp nada.txt web:/tmp
docker cp web:/etc/hosts otro:/tmp
docker cp a b
docker cp web:/etc/hostname noexiste/h.txt
echo $?
