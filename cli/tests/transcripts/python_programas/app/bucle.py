import time

n = 0
while True:
    n += 1
    print("latido", n, flush=True)
    time.sleep(1)
