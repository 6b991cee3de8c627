import { render } from 'preact'
import { App } from './App.tsx'
import './styles.css'

const root = document.getElementById('app')
if (!root) throw new Error('the page has no #app element to render into')
render(<App />, root)
