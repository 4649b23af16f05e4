docker volume create datos
docker run --name escritor -v datos:/datos -v /cache alpine sh -c 'mkdir -p /datos/web /datos/logs; echo hola > /datos/web/index.html; echo traza > /datos/logs/app.log'
docker run --rm --volumes-from escritor alpine ls /datos /datos/web
docker run --rm --volumes-from escritor:ro alpine sh -c 'echo x > /datos/web/otra.html'
docker run --rm --volumes-from escritor -v datos:/otro alpine cat /otro/web/index.html
docker run --rm --volumes-from nada alpine true
docker run --rm --volumes-from escritor:rx alpine true
docker run --rm --mount type=volume,src=datos,dst=/sitio,volume-subpath=web alpine ls /sitio
docker run --rm --mount type=volume,src=datos,dst=/sitio,volume-subpath=web,readonly alpine cat /sitio/index.html
docker run --rm --mount type=volume,src=datos,dst=/sitio,volume-subpath=falta alpine ls /sitio
echo $?
docker run --rm --mount type=volume,src=datos,dst=/sitio,volume-subpath=../fuera alpine true
docker run --rm --mount type=volume,dst=/sitio,volume-subpath=web alpine true
docker compose up -d
docker run --rm -v volumenes_compartidos_sitio:/v alpine sh -c 'mkdir /v/publico; echo hola > /v/publico/index.html; echo secreto > /v/clave'
docker compose up -d
docker compose ps --format '{{.Name}} {{.State}}'
docker compose exec web ls /usr/share/nginx/html
docker compose exec web cat /usr/share/nginx/html/index.html
