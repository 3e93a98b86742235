from linter44s.launch import main

if __name__ == "__main__":
    main()
