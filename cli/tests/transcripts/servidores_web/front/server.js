const http = require('http');
http.createServer((q, r) => r.end('hola')).listen(process.env.PORT || 3000);
