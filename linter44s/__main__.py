from linter44s.cli import main

if __name__ == "__main__":
    main()
