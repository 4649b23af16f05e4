def dividir(a, b):
    return a / b

def main():
    total = 10
    print("Calculando...")
    print(dividir(total, 0))

main()
