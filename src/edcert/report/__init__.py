"""The run's outputs: the verdict, certification.json/.html, Allure extras, the console summary."""
