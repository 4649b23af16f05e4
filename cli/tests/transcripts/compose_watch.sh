docker compose watch
cat > app.py <<'EOF'
import time

import redis
from flask import Flask

app = Flask(__name__)
cache = redis.Redis(host='redis', port=6379)

def get_hit_count():
    retries = 5
    while True:
        try:
            return cache.incr('hits')
        except redis.exceptions.ConnectionError as exc:
            if retries == 0:
                raise exc
            retries -= 1
            time.sleep(0.5)

@app.route('/')
def hello():
    count = get_hit_count()
    return 'Hello from Docker! I have been seen {} times.\n'.format(count)
EOF
curl http://localhost:8000/
docker compose exec web grep Hello app.py
# terminal 1
^C
docker compose up --watch
echo "flask" > requirements.txt
echo "redis" >> requirements.txt
# terminal 1
^C
docker compose watch redis
docker compose down
